"""Writers of a scored period: the Excel report (:mod:`.excel`) and the HTML report and export
pages (:mod:`.html`), with their shared helpers (:mod:`.common`)."""
