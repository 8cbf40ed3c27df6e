import Foundation
import KinoraNet

/// Checks, before anything is uploaded, that a ComfyUI server has every node class and model file a
/// filled workflow names (`/object_info`, `/models/{folder}`), and names all that are missing in one
/// message with the template's file and the folder ComfyUI expects each model in.
enum ComfyUIPreflight {
    /// The model folder each loader input reads from, by node class and input (ComfyUI's own folder
    /// names; the older name is asked when the server has no folder of the newer one).
    static let modelFolders: [String: [String: String]] = [
        "CheckpointLoaderSimple": ["ckpt_name": "checkpoints"],
        "UNETLoader": ["unet_name": "diffusion_models"],
        "CLIPLoader": ["clip_name": "text_encoders"],
        "DualCLIPLoader": ["clip_name1": "text_encoders", "clip_name2": "text_encoders"],
        "CLIPVisionLoader": ["clip_name": "clip_vision"],
        "VAELoader": ["vae_name": "vae"],
        "LoraLoader": ["lora_name": "loras"],
        "LoraLoaderModelOnly": ["lora_name": "loras"],
        "ControlNetLoader": ["control_net_name": "controlnet"],
        "UpscaleModelLoader": ["model_name": "upscale_models"],
    ]

    /// Older names of model folders, asked when the server does not know the newer one.
    static let olderFolderNames = ["diffusion_models": "unet", "text_encoders": "clip"]

    /// Throws when the server lacks node classes or model files `workflow` (filled from `template`) needs.
    static func check(_ workflow: ComfyUIJSON, template: ComfyUITemplate, client: ComfyUIClient) async throws
    {
        let nodes = (workflow.object ?? [:]).sorted { ComfyUIClient.nodeOrder($0.key, $1.key) }.map(\.value)
        let classes = try await client.nodeClasses()
        var missingNodes: [String] = []
        var wanted: [String: [String]] = [:]
        for node in nodes {
            guard let type = node["class_type"]?.string else { continue }
            if !classes.contains(type), !missingNodes.contains(type) { missingNodes.append(type) }
            for (input, folder) in (modelFolders[type] ?? [:]).sorted(by: { $0.key < $1.key }) {
                if let file = node["inputs"]?[input]?.string, !file.isEmpty,
                    !(wanted[folder] ?? []).contains(file)
                {
                    wanted[folder, default: []].append(file)
                }
            }
        }
        var missingModels: [(file: String, folder: String)] = []
        for (folder, files) in wanted.sorted(by: { $0.key < $1.key }) {
            var listed = try await client.models(in: folder)
            if listed == nil, let older = olderFolderNames[folder] {
                listed = try await client.models(in: older)
            }
            // A server without such a folder cannot be checked here; the prompt itself says so later.
            guard let listed else { continue }
            missingModels += files.filter { !listed.contains($0) }.map { ($0, folder) }
        }
        guard !missingNodes.isEmpty || !missingModels.isEmpty else { return }
        let endpoint = client.endpoint
        var parts: [String] = []
        if !missingNodes.isEmpty {
            parts.append(
                "the node\(missingNodes.count == 1 ? "" : "s") "
                    + missingNodes.map { endpoint.quote($0, limit: 80) }.joined(separator: ", ")
                    + " (install the custom nodes that provide \(missingNodes.count == 1 ? "it" : "them"), "
                    + "or update ComfyUI)")
        }
        if !missingModels.isEmpty {
            parts.append(
                "the model file\(missingModels.count == 1 ? "" : "s") "
                    + missingModels.map { "\(endpoint.quote($0.file, limit: 120)) (in models/\($0.folder))" }
                    .joined(separator: ", "))
        }
        throw endpoint.failure(
            "the ComfyUI server at \(endpoint.display) cannot run the template \(template.name) "
                + "(\(template.file.path)): it lacks " + parts.joined(separator: " and ")
                + ". Install them on the server, or choose another template for the shot's mode with the "
                + "backend's \"templates\"; nothing was uploaded or queued.")
    }
}
