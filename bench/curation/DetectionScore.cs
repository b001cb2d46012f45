using OpenCvSharp;

namespace DatasetForge.Bench.Curation;

/// <summary>
/// Precision and recall of detections against labelled boxes: a detection matches an unmatched truth box when their
/// intersection over union is at least 0.4 or the detection's centre lies inside the box (one to one, best first).
/// </summary>
internal sealed class DetectionScore
{
    public const float MinIoU = 0.4f;

    public int TruePositives { get; private set; }

    public int FalsePositives { get; private set; }

    public int FalseNegatives { get; private set; }

    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public void Add(IReadOnlyList<Rect2f> truth, IReadOnlyList<Rect2f> detections)
    {
        var matched = new bool[truth.Count];
        foreach (var d in detections.OrderByDescending(d => d.Width * d.Height))
        {
            var best = -1;
            var bestIoU = -1f;
            for (var i = 0; i < truth.Count; i++)
            {
                if (matched[i])
                {
                    continue;
                }

                var iou = IoU(truth[i], d);
                var centre = new Point2f(d.X + (d.Width / 2), d.Y + (d.Height / 2));
                var inside = centre.X >= truth[i].Left && centre.X <= truth[i].Right && centre.Y >= truth[i].Top && centre.Y <= truth[i].Bottom;
                if ((iou >= MinIoU || inside) && iou > bestIoU)
                {
                    best = i;
                    bestIoU = iou;
                }
            }

            if (best >= 0)
            {
                matched[best] = true;
                TruePositives++;
            }
            else
            {
                FalsePositives++;
            }
        }

        FalseNegatives += matched.Count(m => !m);
    }

    public static float IoU(Rect2f a, Rect2f b)
    {
        var x1 = Math.Max(a.Left, b.Left);
        var y1 = Math.Max(a.Top, b.Top);
        var x2 = Math.Min(a.Right, b.Right);
        var y2 = Math.Min(a.Bottom, b.Bottom);
        var inter = Math.Max(0, x2 - x1) * Math.Max(0, y2 - y1);
        var union = (a.Width * a.Height) + (b.Width * b.Height) - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
