import Foundation
import KinoraCore
import NIOSSL

/// A backend's `caFile`: the PEM certificates of the authority that signed a server's certificate.
public enum TrustedAuthority {
    /// The certificates in `path`; throws a message naming the file when it cannot be read or holds none.
    public static func certificates(in path: String) throws -> [NIOSSLCertificate] {
        let shown = TerminalText.sanitized(path)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw RemoteError(
                .tls,
                message:
                    "the backend's caFile \(shown) cannot be read (it does not exist or is not readable); "
                    + "point caFile at the PEM file of the authority that signed the server's certificate.")
        }
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(path)
            guard !certificates.isEmpty else { throw RemoteError(.tls, message: "") }
            return certificates
        } catch {
            throw RemoteError(
                .tls,
                message:
                    "the backend's caFile \(shown) holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\"); "
                    + "point caFile at the PEM file of the authority that signed the server's certificate.")
        }
    }
}
