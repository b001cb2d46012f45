namespace DatasetForge.Curation.Detection;

/// <summary>
/// The 896 SSD anchor centres of MediaPipe BlazeFace, normalised to [0, 1]. Both models share them: the front model
/// (128 px, strides 8, 16, 16, 16) and the back model (256 px, strides 16, 32, 32, 32) each have a 16x16 grid with
/// 2 anchors per cell (512) followed by an 8x8 grid with 6 anchors per cell (384), row by row. Anchor sizes are fixed
/// at 1, so box offsets are plain fractions of the input side.
/// </summary>
internal static class BlazeFaceAnchors
{
    public const int FirstGrid = 16;
    public const int FirstPerCell = 2;
    public const int SecondGrid = 8;
    public const int SecondPerCell = 6;
    public const int FirstCount = FirstGrid * FirstGrid * FirstPerCell;
    public const int SecondCount = SecondGrid * SecondGrid * SecondPerCell;

    /// <summary>Anchor centres (x, y) for the first output (512) followed by the second (384).</summary>
    public static readonly (float X, float Y)[] Centres = Build();

    private static (float X, float Y)[] Build()
    {
        var centres = new List<(float, float)>(FirstCount + SecondCount);
        Add(centres, FirstGrid, FirstPerCell);
        Add(centres, SecondGrid, SecondPerCell);
        return [.. centres];
    }

    private static void Add(List<(float, float)> centres, int grid, int perCell)
    {
        for (var y = 0; y < grid; y++)
        {
            for (var x = 0; x < grid; x++)
            {
                for (var a = 0; a < perCell; a++)
                {
                    centres.Add(((x + 0.5f) / grid, (y + 0.5f) / grid));
                }
            }
        }
    }
}
