using SoundSight.Audio;
using SoundSight.IO;
using SoundSight.Methods.AudioFrontEnds;

namespace SoundSight.Methods.SslTie;

/// <summary>
/// datasets_ssltie's torchaudio mel front end as an <see cref="ISpectrogramSource"/>. The official loader keeps
/// every channel (the AVSBench sets only the first of two); AVENet's audio network takes one, so a file that still
/// has several is refused, as the official model would fail on it.
/// </summary>
public sealed class SslTieAudio : ISpectrogramSource
{
    private readonly SslTieAudioFrontEnd _frontEnd;

    /// <param name="clipSeconds">10 s; 5 s on the AVSBench sets, which also keep the first channel of a stereo file.</param>
    public SslTieAudio(double clipSeconds)
    {
        var avsBench = clipSeconds == AudioWindow.AvsBench.ClipSeconds;
        _frontEnd = new SslTieAudioFrontEnd((int)clipSeconds, firstChannelOfStereo: avsBench);
    }

    public int FrequencyBins => SslTieAudioFrontEnd.MelBins;

    public int Frames => _frontEnd.Shape(1, 16000).TimeFrames;

    public (float[] Values, int Frames) EncoderInput(AudioClip clip)
    {
        using var file = SoundFile.Of(clip, "SSL-TIE");
        var path = file.Path;
        var wav = WavReader.ReadAllChannels(path);
        var shape = _frontEnd.Shape(wav.Channels, wav.SampleRate);
        if (shape.Channels != 1)
        {
            throw new InputException(path, $"SSL-TIE's loader keeps all {wav.Channels} channels, and its audio network takes one (the official code fails here too)");
        }
        return (_frontEnd.LogMel(wav), shape.TimeFrames);
    }
}
