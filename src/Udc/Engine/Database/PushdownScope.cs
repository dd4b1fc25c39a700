using Udc.Engine.Query;

namespace Udc.Engine.Database;

/// <summary>
/// What of a relation one caller's policy lets statements touch: the rows <see cref="Rows"/> keeps (bound by the
/// binder, so its values are parameters), without the <see cref="Hidden"/> columns (never read), and without searching
/// the <see cref="Unsearched"/> ones (masked: read to be masked, never matched as they are stored).
/// </summary>
internal sealed record PushdownScope(Condition? Rows, IReadOnlySet<string> Hidden, IReadOnlySet<string> Unsearched);
