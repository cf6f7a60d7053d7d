# Times as the admin shows them, in the reader's time zone.
time-in-zone = { $time } ({ $zone } { $offset })
time-in-utc = { $time } (UTC)
time-unreadable = Not a date and time: write it as 2026-12-05 08:00.
time-skipped = That time does not exist in this time zone (the clocks skip it); choose another.
time-in-past = That time has passed: choose a time in the future.

# Time zones named in the reader's language; the others show their IANA name.
zone-Asia-Shanghai = Beijing time
zone-Asia-Chongqing = Beijing time
zone-Asia-Harbin = Beijing time
zone-PRC = Beijing time
zone-Asia-Urumqi = Urumqi time
zone-Asia-Hong_Kong = Hong Kong time
zone-Asia-Macau = Macau time
zone-Asia-Taipei = Taipei time
zone-Asia-Singapore = Singapore time
zone-Asia-Kuala_Lumpur = Kuala Lumpur time
zone-Asia-Tokyo = Tokyo time
zone-Asia-Seoul = Seoul time
zone-Europe-London = London time
zone-Europe-Paris = Paris time
zone-Europe-Berlin = Berlin time
zone-America-New_York = New York time
zone-America-Chicago = Chicago time
zone-America-Los_Angeles = Los Angeles time
zone-America-Vancouver = Vancouver time
zone-America-Toronto = Toronto time
zone-Australia-Sydney = Sydney time

# Choosing one's time zone.
zone-label = { $name } ({ $id })
zone-proposal = Times are shown in { $zone }.
zone-use-browser = Use your browser's time zone
zone-keep = Keep it
zone-choose = Choose another
