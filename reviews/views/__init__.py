"""The reviewing pages; `common` has the lookups every page shares."""
