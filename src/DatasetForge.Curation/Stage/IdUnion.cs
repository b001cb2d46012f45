namespace DatasetForge.Curation.Stage;

/// <summary>
/// Union-find over person ids whose root is always the smallest id of its set, so a group's id is its first member's
/// and the same facts give the same group ids.
/// </summary>
internal sealed class IdUnion(IEnumerable<int> ids)
{
    private readonly Dictionary<int, int> _parent = ids.ToDictionary(id => id, id => id);

    /// <summary>The smallest id of <paramref name="id"/>'s set.</summary>
    public int Find(int id)
    {
        while (_parent[id] != id)
        {
            _parent[id] = _parent[_parent[id]];
            id = _parent[id];
        }

        return id;
    }

    /// <summary>Joins the sets of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public void Union(int a, int b)
    {
        var (ra, rb) = (Find(a), Find(b));
        if (ra != rb)
        {
            _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
