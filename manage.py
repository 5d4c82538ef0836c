#!/usr/bin/env python
from navigator.__main__ import main

if __name__ == "__main__":
    main()
