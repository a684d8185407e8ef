from stats import figure_admin  # noqa: F401
