package export

// Help is `trail export --help`'s text beyond the flags: what Run writes
// and where, kept beside the code that does it so the two agree.
const Help = `Write every event of SOURCE matching the flags and the QUERY, all pages, in
the provider's order, to stdout or -o FILE. Several sources, or a view, export
merged by time, each record naming its own source. T is RFC 3339, a date
(2026-11-20), a date and time (2026-11-20 14:00), today, yesterday, now, or an
age (90m, 24h, 7d, 2w); the range is since <= time < until. QUERY is the
explorer's query language ('actor:alice outcome:failure since:7d'; see trail
--help), or a name from the config's [queries]; one that starts with "-" goes
after --.

JSONL (the default) has one object per line: source, provider, id, time, action,
actor, actor_id, target, summary, ip, client, location, outcome and raw, the
provider's entry. CSV (--format csv, or -o ending in .csv) has the normalized
columns.

Progress goes to stderr when it is a terminal, and every rate-limit or retry
wait whatever stderr is; stdout carries only data. -o creates a new file
readable only by you: it refuses an existing one unless --force, never writes
through a symbolic link, and never over a file a source reads. Interrupted or
failed, what was written is whole lines, stderr says how many events, and the
exit status is 1.

--follow keeps going: after the backlog it asks for new events every
--interval (default: the source's follow_interval, else 30s) and writes each
batch oldest first, as JSON lines, flushed; -o then appends to FILE. --state
FILE records after each batch where it stands (times and ids, no secret), so
a follow started again with it goes on with no gap and no repeat. SIGINT,
SIGTERM and SIGHUP end it between batches with status 0; 2 means the output
or state could not be written, 3 that the provider refuses every request.`

// Example is `trail export --help`'s examples.
const Example = `  trail export canary --since 7d -o canary-week.jsonl
  trail export canary 'actor:alice outcome:failure since:7d' -o alice.jsonl
  trail export canary --action user_login_failure --format csv > failures.csv
  trail export --demo --since 24h | jq -r .actor | sort | uniq -c
  trail export canary --follow --state canary.state -o canary.jsonl`
