import Foundation

/// A certificate authority made at test time with the openssl command, and a server certificate it
/// signed for 127.0.0.1 and localhost: what a person running ComfyUI behind their own TLS has.
public struct TestCertificateAuthority: Sendable {
    /// The authority's certificate (PEM): a backend's `caFile`.
    public let caFile: URL
    /// The server's certificate (PEM), signed by the authority.
    public let certificateFile: URL
    /// The server's private key (PEM).
    public let keyFile: URL

    /// Makes a new authority and server certificate in a new folder.
    public static func make(name: String = "Kinora Test CA") throws -> TestCertificateAuthority {
        let folder = try TestFiles.folder()
        func path(_ file: String) -> String { folder.appendingPathComponent(file).path }
        try TestFiles.run([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=\(name)",
            "-keyout", path("ca.key"), "-out", path("ca.pem"),
        ])
        try TestFiles.run([
            "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", path("server.key"), "-out", path("server.csr"),
        ])
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\n".utf8).write(
            to: folder.appendingPathComponent("san.ext"))
        try TestFiles.run([
            "openssl", "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey",
            path("ca.key"),
            "-CAcreateserial", "-days", "2", "-extfile", path("san.ext"), "-out", path("server.pem"),
        ])
        return TestCertificateAuthority(
            caFile: folder.appendingPathComponent("ca.pem"),
            certificateFile: folder.appendingPathComponent("server.pem"),
            keyFile: folder.appendingPathComponent("server.key"))
    }

    /// The fake servers' arguments for serving TLS with this certificate.
    public var serverArguments: [String] {
        ["--tls-cert", certificateFile.path, "--tls-key", keyFile.path]
    }
}
