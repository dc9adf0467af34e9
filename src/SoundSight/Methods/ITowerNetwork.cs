using SoundSight.Localization;
using static TorchSharp.torch;

namespace SoundSight.Methods;

/// <summary>
/// An <see cref="IMapNetwork"/> made of two ResNet-18 towers with light heads after them (projections,
/// normalisation): its towers can run on the fast CPU backends (<see cref="TowerBackends"/>) while the heads stay in
/// libtorch. EncodeImages(x) is VisionFeatures(Towers.VisionMap(x)), EncodeSounds(s) is
/// SoundFeatures(Towers.AudioVector(s)).
/// </summary>
public interface ITowerNetwork : IMapNetwork
{
    /// <summary>The towers as they are now (folded copies are taken when a backend is built).</summary>
    TowerPair Towers { get; }

    /// <summary>The features the maps are computed from, from the vision tower's layer4 map [B, 512, h, w].</summary>
    Tensor VisionFeatures(Tensor visionMap);

    /// <summary>The features the maps are computed from, from the audio tower's max-pooled vector [B, 512].</summary>
    Tensor SoundFeatures(Tensor audioVector);
}
