using System.CommandLine;

var root = new RootCommand("SoundSight: shows where in a picture a sound comes from (Aligning Sight and Sound, TPAMI 2025).");
return root.Parse(args).Invoke();
