using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Auscult.Messaging;

/// <summary>How the agent and the service trust an <c>mqtts://</c> broker given a certificate authority of their own.</summary>
public static class BrokerCertificates
{
    /// <summary>
    /// Whether <paramref name="presented"/> chains to <paramref name="authority"/> alone (not the system's roots) and
    /// names the host that was dialled. Revocation is not checked: edge sites rarely reach a CRL or OCSP responder.
    /// </summary>
    public static bool IsTrusted(X509Certificate2 authority, X509Certificate? presented, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }
}
