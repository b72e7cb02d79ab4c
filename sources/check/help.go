package check

// Help is `trail check --help`'s text beyond the flags.
const Help = `Validate the config, then open each source (or those named; a view stands for
its sources) and fetch its first page, printing a verdict for each: what came
back, or what went wrong and what to do. The exit status is 1 if any fails.
With --demo it checks the demos (all, or the providers named): the real
clients against their emulators.`
