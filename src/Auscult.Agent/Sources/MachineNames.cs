using System.Text;

namespace Auscult.Agent.Sources;

/// <summary>How data set machine ids become agent machine ids.</summary>
public static class MachineNames
{
    /// <summary>
    /// <c>&lt;type&gt;-&lt;id&gt;</c>, with a MIMII <c>id_</c> prefix left out (<c>fan</c>, <c>id_00</c> gives <c>fan-00</c>) and
    /// any character a topic level or URL segment cannot hold replaced by <c>-</c>.
    /// </summary>
    public static string FromDataset(string machineType, string machineId)
    {
        string id = machineId.StartsWith("id_", StringComparison.OrdinalIgnoreCase) ? machineId[3..] : machineId;
        var name = new StringBuilder($"{machineType}-{id}");
        for (int i = 0; i < name.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(name[i]) || name[i] is '-' or '_' or '.'))
            {
                name[i] = '-';
            }
        }

        return name.ToString();
    }
}
