"""Step 3: the step's records, shown and edited."""

from ui.foundation import records_page

records_page(3)
