"""Open Referral UK (HSDS 3.0) in and out, by subject: `export` (services as ORUK JSON and the
paged list shape of the published API), `parse` (a feed's services read into the importer's
plain records) and `csv_layout` (Navigator's CSV layout, written and read)."""
