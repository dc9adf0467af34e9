using SoundSight.Models;
using SoundSight.Models.Onnx;
using SoundSight.Models.Winograd;
using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Localization;

/// <summary>
/// The two towers of a <see cref="TowerPair"/> as one <see cref="InferenceBackend"/> runs them, on the CPU or
/// (torch only) a GPU: vision maps [B, 512, h, w] and audio vectors [K, 512] on the CPU, either side only when given.
/// </summary>
internal sealed class BackendEncoders : IDisposable
{
    private readonly TowerPair _towers;
    private readonly IInferenceTower? _visionTower;
    private readonly IInferenceTower? _audioTower;
    private readonly OnnxEncoder? _onnx;
    private readonly IBatchedProduct? _products;
    private readonly Device _device;
    private readonly int _threads;

    public BackendEncoders(TowerPair towers, InferenceBackend backend, bool foldBatchNorm, Device device, int threads)
    {
        _towers = towers;
        _device = device;
        _threads = threads;
        Backend = device.type == DeviceType.CPU ? backend : InferenceBackend.Torch;
        if (Backend == InferenceBackend.Onnx)
        {
            // ONNX Runtime always runs the folded graph (folding is how its weights are laid out).
            using var vision = towers.FoldVision();
            using var audio = towers.FoldAudio();
            _onnx = new OnnxEncoder(vision, audio, threads);
        }
        else if (Backend == InferenceBackend.Winograd)
        {
            // Winograd towers are built from the folded weights, like the ONNX graph; one product engine (one
            // thread pool) serves both towers.
            using var vision = towers.FoldVision();
            using var audio = towers.FoldAudio();
            _products = WinogradProductEngine.ForThisCpu(threads);
            _visionTower = new WinogradResNet18(vision, threads, _products);
            _audioTower = new WinogradResNet18(audio, threads, _products);
        }
        else if (foldBatchNorm)
        {
            _visionTower = towers.FoldVision();
            _audioTower = towers.FoldAudio();
        }
    }

    /// <summary>What actually runs (torch on a GPU whatever was asked).</summary>
    public InferenceBackend Backend { get; }

    /// <summary>
    /// Raw features of a picture batch and a spectrogram batch (either may be null). ONNX Runtime's graph takes
    /// both inputs: a missing side gets one blank item from <paramref name="blank"/>, whose output is dropped.
    /// </summary>
    public (Tensor? Vision, Tensor? Audio) Encode(Tensor? images, Tensor? spectrograms, Func<bool, Tensor> blank)
    {
        UseThreads();
        if (_onnx is not null)
        {
            var (v, a) = _onnx.Forward(images ?? blank(true), spectrograms ?? blank(false));
            return (images is null ? null : v, spectrograms is null ? null : a);
        }
        Tensor? vision = null, audio = null;
        if (images is not null)
        {
            var onDevice = OnDevice(images);
            vision = OnHost(_visionTower is null ? _towers.VisionMap(onDevice) : _visionTower.Forward(onDevice));
        }
        if (spectrograms is not null)
        {
            var onDevice = OnDevice(spectrograms);
            if (_audioTower is null)
            {
                audio = OnHost(_towers.AudioVector(onDevice));
            }
            else
            {
                using var audioMap = _audioTower.Forward(onDevice);
                audio = OnHost(audioMap.amax([2, 3]));
            }
        }
        return (vision, audio);
    }

    /// <summary>
    /// libtorch's threads for this backend: all of them, except while ONNX Runtime runs the encoders, when libtorch
    /// keeps one for the light front-end work (its OpenMP workers and ONNX Runtime's spinning pool would otherwise
    /// fight over the same cores; measured 2x slower on 2 cores). Process-wide, so set only when it changes.
    /// </summary>
    private void UseThreads()
    {
        if (_device.type != DeviceType.CPU)
        {
            return;
        }
        var wanted = Backend == InferenceBackend.Onnx ? 1 : _threads;
        if (TorchSharp.torch.get_num_threads() != wanted)
        {
            TorchSharp.torch.set_num_threads(wanted);
        }
    }

    private Tensor OnDevice(Tensor t) => _device.type == DeviceType.CPU ? t : t.to(_device);

    private Tensor OnHost(Tensor t) => _device.type == DeviceType.CPU ? t : t.cpu();

    public void Dispose()
    {
        _visionTower?.Dispose();
        _audioTower?.Dispose();
        _onnx?.Dispose();
        (_products as IDisposable)?.Dispose();
    }
}
