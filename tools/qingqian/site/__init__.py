"""The published site (issue 6): status pages, charts and references generated as plain
Markdown plus inline SVG into a build folder, policy pages copied as written, then MkDocs.

Data flow: `build.build_site` loads the ledger, asks `pages` for `{path: markdown}`
(every figure from `reports` and `lifecycle`, every value through `safe.esc`), copies
`policies/*.md`, has `nav` write the MkDocs config, runs MkDocs and scans the output
for private values. Private debtor fields are never handed to page generation.
"""
