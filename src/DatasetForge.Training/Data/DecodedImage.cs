namespace DatasetForge.Training.Data;

/// <summary>An image decoded and resized to a square side: bytes in HWC order, RGB or grey.</summary>
public sealed record DecodedImage(int Size, int Channels, byte[] Pixels);
