using System.CommandLine;
using SoundSight.Cli.Commands;
using SoundSight.Runtime;

// Before libtorch allocates anything: keep freed tensor memory instead of returning it to the kernel every step.
NativeAllocator.KeepFreedMemory();
// Before libtorch is loaded: its OpenMP workers sleep after each parallel operation instead of spinning on a core
// that .NET's threads need next (the Winograd towers, the input pipeline).
OpenMpWaitPolicy.LetWorkersSleep();

var root = new RootCommand("SoundSight: shows where in a picture a sound comes from (Aligning Sight and Sound, TPAMI 2025).");
root.Subcommands.Add(LocalizeCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(MineNeighboursCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(MergeCommand.Create());
root.Subcommands.Add(CompareCommand.Create());
root.Subcommands.Add(SaliencyCommand.Create());
root.Subcommands.Add(ComposeCommand.Create());
root.Subcommands.Add(PrepareCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(StudyCommand.Create());
root.Subcommands.Add(RetrieveCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
return root.Parse(args).Invoke();
