/**
 * SDK-level integration tests over several modules at once (core, Polychat, SQLite, Strudel pack):
 * generation that survives {@code kill -9}, stops cleanly and records failures, lineage over a real
 * SQLite history, and the generation benchmark. They live in the examples module because it is the
 * one module that depends on all of them; they are not examples.
 */
package app.polychat.finetune.integration;
