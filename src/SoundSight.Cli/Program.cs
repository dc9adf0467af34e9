Console.WriteLine(SoundSight.Runtime.TorchRuntime.Describe());
