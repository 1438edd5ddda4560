"""samskab: co-creation of welfare between a municipality and its civil society."""

__version__ = "0.1.0"
