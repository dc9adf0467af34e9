using System.Diagnostics;
using System.Globalization;
using SoundSight.IO;

namespace SoundSight.Media;

/// <summary>
/// Streams a video's frames as RGB bytes at a fixed rate and size through ffmpeg (rotation applied, variable
/// frame rates resampled by the fps filter; frame k is the last one shown at or before k / rate), one frame at a time, so long videos need no memory for frames.
/// </summary>
public static class RawVideoDecoder
{
    public static IEnumerable<byte[]> Frames(string video, double framesPerSecond, int width, int height)
    {
        var c = CultureInfo.InvariantCulture;
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "-v", "error", "-nostdin", "-i", video, "-map", "0:v:0",
            "-vf", $"fps={framesPerSecond.ToString("R", c)}:round=up,scale={width}:{height}", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InputException(video, "ffmpeg did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var stream = process.StandardOutput.BaseStream;
        var size = width * height * 3;
        while (true)
        {
            var frame = new byte[size];
            var read = 0;
            while (read < size)
            {
                var n = stream.Read(frame, read, size - read);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            if (read < size)
            {
                break;
            }
            yield return frame;
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InputException(video, $"ffmpeg cannot decode it: {errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim()}");
        }
    }
}
