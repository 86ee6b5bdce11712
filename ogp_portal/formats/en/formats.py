# English short dates without the US month-first order, which readers in Latin America, Africa,
# Asia and Europe take for day-first: "1 Dec 2026", "1 Dec 2026, 14:05". The other formats
# stay Django's own for English.
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
