"""On-call computation: timelines, gaps, load per person, iCalendar."""
