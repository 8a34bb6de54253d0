from socialdesk.app import main

raise SystemExit(main())
