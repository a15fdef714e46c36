"""The application and its window: start-up, the main window, features, themes, background work,
backups, shortcuts help, export menus and desktop integration."""
