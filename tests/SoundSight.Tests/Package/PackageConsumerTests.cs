using System.Diagnostics;
using Xunit.Abstractions;

namespace SoundSight.Tests.Package;

/// <summary>
/// The NuGet package as a consumer meets it: the library (already built by this test run) is packed into a local
/// feed, samples/PackageConsumer is copied out of the repository (so none of SoundSight's build settings apply),
/// restored from that feed and run: it must localize the sample picture and write its maps.
/// </summary>
public sealed class PackageConsumerTests(ITestOutputHelper output)
{
    [Fact]
    public void ThePackedLibraryRestoresAndRunsInTheSampleProgram()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("soundsight-package-test-").FullName;
        // A version of its own, so the global package cache never serves an older pack of the same number.
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "soundsight", version);
        try
        {
            var feed = Path.Combine(work, "feed");
            Run(root, "dotnet", "pack", Path.Combine(root, "src", "SoundSight", "SoundSight.csproj"), "-c", "Release", "--no-build", "-o", feed, $"-p:Version={version}", "-nologo", "-v", "quiet");
            var nupkg = Path.Combine(feed, $"SoundSight.{version}.nupkg");
            Assert.True(File.Exists(nupkg), $"no {nupkg}");
            using (var zip = System.IO.Compression.ZipFile.OpenRead(nupkg))
            {
                var names = zip.Entries.Select(e => e.FullName).ToHashSet();
                Assert.Contains("lib/net10.0/SoundSight.dll", names);
                Assert.Contains("lib/net10.0/SoundSight.xml", names);
                Assert.Contains("README.md", names);
                Assert.Contains("LICENSE", names);
                Assert.Contains("buildTransitive/SoundSight.targets", names);
            }

            var sample = Path.Combine(work, "samples", "PackageConsumer");
            Directory.CreateDirectory(sample);
            foreach (var file in new[] { "PackageConsumer.csproj", "Program.cs", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            {
                File.Copy(Path.Combine(root, "samples", "PackageConsumer", file), Path.Combine(sample, file));
            }
            foreach (var file in new[] { "scene.jpg", "speech.wav" })
            {
                File.Copy(Path.Combine(root, "samples", file), Path.Combine(work, "samples", file));
            }
            File.Copy(Path.Combine(root, "global.json"), Path.Combine(work, "global.json"));
            var maps = Path.Combine(work, "maps");
            var stdout = Run(sample, "dotnet", "run", "-c", "Release", $"-p:SoundSightVersion={version}", $"-p:SoundSightFeed={feed}", "--", maps);
            output.WriteLine(stdout);
            Assert.Contains("UNTRAINED", stdout);
            Assert.Contains("speech.wav: peak at (", stdout);
            Assert.True(File.Exists(Path.Combine(maps, "scene__speech.npy")));
            Assert.True(File.Exists(Path.Combine(maps, "scene__speech.png")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }

    private static string Run(string directory, string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // Hermetic: no demo model of this machine; the sample then says it runs untrained weights.
        start.Environment["SOUNDSIGHT_HOME"] = Path.Combine(Path.GetTempPath(), "soundsight-tests-home-none");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SoundSight.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (SoundSight.slnx) is not above the test folder");
    }
}
