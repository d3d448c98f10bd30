import sys

from livetweet.cli import main

sys.exit(main())
