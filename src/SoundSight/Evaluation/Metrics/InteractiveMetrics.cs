using SoundSight.Evaluation.Benchmarks;
using SoundSight.Evaluation.Reports;

namespace SoundSight.Evaluation.Metrics;

/// <summary>The interactive benchmarks' numbers (IS3, VPO-MS): IIoU and IAUC, plain and adaptive, fractions in [0, 1].</summary>
public sealed record InteractiveMetrics(double IIoU, double IAuc, double IIoUAdaptive, double IAucAdaptive);
