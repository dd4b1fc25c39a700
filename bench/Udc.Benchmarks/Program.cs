using BenchmarkDotNet.Running;
using Udc.Benchmarks;

// `--budgets` checks the allocation budgets in-process and exits 1 on a breach; every other argument is
// BenchmarkDotNet's (--filter, --job, --list, ...).
if (args is [AllocationBudgets.Switch])
{
    return AllocationBudgets.Run(Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(AllocationBudgets).Assembly).Run(args);
return 0;
