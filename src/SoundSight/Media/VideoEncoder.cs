using System.Diagnostics;
using System.Globalization;
using SoundSight.IO;

namespace SoundSight.Media;

/// <summary>
/// Encodes RGB frames into a video with ffmpeg (libx264 when this ffmpeg has it, else MPEG-4 part 2), with the
/// sound of another file muxed in unchanged in timing; the file appears at its path only when complete.
/// </summary>
public sealed class VideoEncoder : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _errors;
    private readonly string _temp;
    private readonly string _path;
    private bool _finished;

    public VideoEncoder(string path, int width, int height, double framesPerSecond, string? soundFrom)
    {
        var c = CultureInfo.InvariantCulture;
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _temp = Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        List<string> args = ["-v", "error", "-nostdin", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-r", framesPerSecond.ToString("R", c), "-i", "pipe:0"];
        if (soundFrom is not null)
        {
            args.AddRange(["-i", soundFrom, "-map", "0:v", "-map", "1:a:0", "-c:a", "aac", "-b:a", "128k"]);
        }
        args.AddRange(Codec == "libx264" ? ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23"] : ["-c:v", "mpeg4", "-q:v", "4"]);
        args.AddRange(["-pix_fmt", "yuv420p", "-shortest", "-movflags", "+faststart", "-f", Container(path), "-y", _temp]);
        args.ForEach(start.ArgumentList.Add);
        _process = Process.Start(start) ?? throw new InputException(path, "ffmpeg did not start");
        _errors = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>The video codec this machine's ffmpeg offers: libx264, else mpeg4.</summary>
    public static string Codec { get; } = DetectCodec();

    public void Write(byte[] rgb) => _process.StandardInput.BaseStream.Write(rgb);

    /// <summary>Closes the stream, waits for ffmpeg and moves the video into place.</summary>
    public void Finish()
    {
        _process.StandardInput.Close();
        _process.WaitForExit();
        if (_process.ExitCode != 0)
        {
            throw new InputException(_path, $"ffmpeg could not encode it: {_errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim()}");
        }
        File.Move(_temp, _path, overwrite: true);
        _finished = true;
    }

    public void Dispose()
    {
        if (!_finished && !_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        if (File.Exists(_temp))
        {
            File.Delete(_temp);
        }
    }

    private static string Container(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".mkv" => "matroska",
        ".mov" => "mov",
        _ => "mp4",
    };

    private static string DetectCodec()
    {
        try
        {
            var start = new ProcessStartInfo("ffmpeg", "-hide_banner -encoders") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(start)!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return text.Contains(" libx264 ", StringComparison.Ordinal) ? "libx264" : "mpeg4";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "mpeg4";
        }
    }
}
