import ShowCallCommands

ShowCallMain.main()
