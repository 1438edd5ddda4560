"""The house date formats (``FORMAT_MODULE_PATH``): one Danish style, and British English
instead of Django's American ``en``. Templates use the named formats (``DATE_FORMAT``,
``SHORT_DATE_FORMAT``, ``DATETIME_FORMAT``, ...), never a hand-written pattern; anything not
set here (numbers, first day of the week) comes from Django's own locale module."""
