namespace DatasetForge.Torch.Native;

/// <summary>What <see cref="TorchNative.EnsureLoaded"/> found and did.</summary>
/// <param name="Patched">Whether a patched copy of TorchSharp's native wrapper is the one in use.</param>
/// <param name="WrapperPath">The wrapper library loaded by full path, or null when the normal probing was left alone.</param>
/// <param name="Reason">One line for logs: why it patched or why it did nothing.</param>
public sealed record TorchNativeState(bool Patched, string? WrapperPath, string Reason);
