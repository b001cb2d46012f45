using DatasetForge.Torch.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace DatasetForge.Torch;

/// <summary>Chooses the torch device at run time from <c>TrainingOptions.Device</c>.</summary>
public static class DeviceSelector
{
    /// <summary>
    /// <c>auto</c> and <c>cuda</c>: CUDA when <c>torch.cuda.is_available()</c>, else the CPU (for <c>cuda</c>,
    /// <paramref name="note"/> says so); <c>cpu</c>: the CPU. Anything else is an error.
    /// </summary>
    public static Device Choose(string? option, out string? note)
    {
        note = null;
        TorchNative.EnsureLoaded();
        var wanted = string.IsNullOrWhiteSpace(option) ? "auto" : option.Trim().ToLowerInvariant();
        switch (wanted)
        {
            case "cpu":
                return CPU;
            case "auto":
            case "cuda":
                if (cuda.is_available())
                {
                    return CUDA;
                }

                if (wanted == "cuda")
                {
                    note = "CUDA was asked for but is not available; training on the CPU.";
                }

                return CPU;
            default:
                throw new ArgumentException($"Unknown device '{option}'. Use auto, cpu or cuda.", nameof(option));
        }
    }

    /// <summary>The name stored in the catalogue and run.json: cpu or cuda.</summary>
    public static string NameOf(Device device) => device.type == DeviceType.CUDA ? "cuda" : "cpu";
}
