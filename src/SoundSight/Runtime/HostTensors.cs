using TorchSharp;
using static TorchSharp.torch;

namespace SoundSight.Runtime;

/// <summary>
/// Moving a tensor built on the host to where a model runs. Here, low, because training and retrieval both upload
/// batches and neither should need the other for it.
/// </summary>
public static class HostTensors
{
    /// <summary>A host tensor on <paramref name="device"/>: as it is on the CPU; pinned and copied asynchronously to a GPU.</summary>
    public static Tensor ToDevice(Tensor host, Device? device)
    {
        if (device is null || device.type == DeviceType.CPU)
        {
            return host;
        }
        using (host)
        {
            using var pinned = host.pin_memory();
            return pinned.to(device, non_blocking: true);
        }
    }
}
