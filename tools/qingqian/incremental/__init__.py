"""The incremental check engine, above the Git layer, the models, `Ledger` and the rules.

- `store`: the one store, a SQLite database in the Git directory (data only);
- `changes`: which files differ from the stored state, asked of Git;
- `files`: content keys, reading and validating files, the worker that checks a batch;
- `groups`: the files a group rule reads together, and the walk from a change to them;
- `run`: a full check on every core, or an update of the groups a change touches;
- `staged`: `check --staged`, the index through the same store;
- `memo`: report outputs kept while nothing they depend on changes.

The engine loads files, hands their models to `Ledger` and runs the rules by scope
(rules.registry): group rules over groups, ledger rules over every file's facts.
"""
