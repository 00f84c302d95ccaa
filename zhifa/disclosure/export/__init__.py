"""双公示 export: penalty publications as 信用中国 行政处罚 records (CF_* schema, RECORDS.md §1),
validated field by field, written as CSV or JSON. The provincial push lives in
`zhifa.integrations.credit_push` and reuses `cf.build_cf_record`."""
