using Udc.Fuzz;

// udc-fuzz TARGET                  under afl-fuzz: one input per run from stdin, in a persistent loop (SharpFuzz).
// udc-fuzz TARGET --replay PATH... each file (or every file of each folder) once, without afl: prints what threw.
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var create))
{
    Console.Error.WriteLine($"usage: udc-fuzz TARGET [--replay PATH...]; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}
var target = create();
if (args is [_, "--replay", .. var paths])
{
    return Replay.Run(target, paths, Console.Out);
}
SharpFuzz.Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
