#!/usr/bin/env python3
"""Tests of Plugins/diffusers/kinora_diffusers_plugin.py: its requests, messages and errors, run for real
on tiny pipelines built from configs (random weights, saved to a temporary folder, nothing downloaded).

Needs torch, diffusers and transformers; PluginBackendTests runs it only where they import (and reports
the test as skipped elsewhere). $KINORA_DIFFUSERS_PLUGIN names the plug-in (default: found from here).
Run by hand: python3 Tests/KinoraGenerateTests/Fixtures/test_diffusers_plugin.py -v
"""

import contextlib
import hashlib
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
import unittest.mock

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.environ.get("KINORA_DIFFUSERS_PLUGIN") or os.path.join(
    HERE, "..", "..", "..", "Plugins", "diffusers", "kinora_diffusers_plugin.py"
)


def load_plugin_module():
    """The plug-in imported as a module, for its helpers."""
    spec = importlib.util.spec_from_file_location("kinora_diffusers_plugin", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


plugin = load_plugin_module()


def tiny_svd_pipeline():
    """A Stable Video Diffusion pipeline small enough to run on a CPU in a second (diffusers' own test sizes,
    but a CLIP encoder for 224x224 pictures in 32x32 patches, as a PIL source is encoded at that size)."""
    import torch
    from diffusers import (
        AutoencoderKLTemporalDecoder,
        EulerDiscreteScheduler,
        StableVideoDiffusionPipeline,
        UNetSpatioTemporalConditionModel,
    )
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(0)
    unet = UNetSpatioTemporalConditionModel(
        block_out_channels=(32, 64), layers_per_block=2, sample_size=32, in_channels=8, out_channels=4,
        down_block_types=("CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"),
        up_block_types=("UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"),
        cross_attention_dim=32, num_attention_heads=8, projection_class_embeddings_input_dim=96,
        addition_time_embed_dim=32,
    )  # fmt: skip
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", interpolation_type="linear",
        num_train_timesteps=1000, prediction_type="v_prediction", sigma_max=700.0, sigma_min=0.002,
        steps_offset=1, timestep_spacing="leading", timestep_type="continuous", use_karras_sigmas=True,
    )  # fmt: skip
    torch.manual_seed(0)
    vae = AutoencoderKLTemporalDecoder(
        block_out_channels=[32, 64], in_channels=3, out_channels=3,
        down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"], latent_channels=4,
    )  # fmt: skip
    torch.manual_seed(0)
    image_encoder = CLIPVisionModelWithProjection(
        CLIPVisionConfig(
            hidden_size=32, projection_dim=32, num_hidden_layers=2, num_attention_heads=4, image_size=224,
            intermediate_size=37, patch_size=32,
        )  # fmt: skip
    )
    # The pipeline resizes a picture to 224x224 for CLIP itself, so the tiny encoder takes that size.
    feature_extractor = CLIPImageProcessor(crop_size=224, size=224)
    return StableVideoDiffusionPipeline(
        unet=unet, image_encoder=image_encoder, scheduler=scheduler, vae=vae, feature_extractor=feature_extractor
    )


def tiny_tokenizer():
    """A word-level tokenizer made here (the usual tiny T5 tokenizer would have to be downloaded)."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    words = ["<pad>", "</s>", "<unk>"] + "a the fox red night snow runs over field camera slowly".split()
    core = Tokenizer(models.WordLevel({word: index for index, word in enumerate(words)}, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<pad>", eos_token="</s>", unk_token="<unk>")


def tiny_wan_video_to_video_pipeline():
    """A Wan video-to-video pipeline at diffusers' test sizes, with a tiny UMT5 built from a config."""
    import torch
    from diffusers import AutoencoderKLWan, UniPCMultistepScheduler, WanTransformer3DModel, WanVideoToVideoPipeline
    from transformers import UMT5Config, UMT5EncoderModel

    torch.manual_seed(0)
    vae = AutoencoderKLWan(
        base_dim=3, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1, temperal_downsample=[False, True, True]
    )
    torch.manual_seed(0)
    text_encoder = UMT5EncoderModel(
        UMT5Config(vocab_size=32, d_model=32, d_kv=8, d_ff=37, num_layers=2, num_heads=4, relative_attention_num_buckets=8)
    )
    torch.manual_seed(0)
    transformer = WanTransformer3DModel(
        patch_size=(1, 2, 2), num_attention_heads=2, attention_head_dim=12, in_channels=16, out_channels=16,
        text_dim=32, freq_dim=256, ffn_dim=32, num_layers=2, cross_attn_norm=True,
        qk_norm="rms_norm_across_heads", rope_max_seq_len=32,
    )  # fmt: skip
    return WanVideoToVideoPipeline(
        transformer=transformer, vae=vae, scheduler=UniPCMultistepScheduler(flow_shift=3.0),
        text_encoder=text_encoder, tokenizer=tiny_tokenizer(),
    )  # fmt: skip


def ffmpeg(*arguments):
    """Runs ffmpeg quietly; returns stdout."""
    return subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *arguments], check=True, capture_output=True).stdout


def probe(path):
    """(width, height, frame count) of a video, from ffprobe."""
    report = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
         "stream=width,height,nb_read_frames", "-of", "json", path],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    stream = json.loads(report)["streams"][0]
    return stream["width"], stream["height"], int(stream["nb_read_frames"])


def decoded_hash(path):
    """SHA-256 of a video's decoded frames (the pictures, not the container)."""
    return hashlib.sha256(ffmpeg("-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-")).hexdigest()


class Run:
    """One run of the plug-in: its exit status, its messages in order, and anything it printed that was not one.

    `separate=True` runs it as its own process, as Kinora does; otherwise its main() runs in this process
    with stdin, stdout and the environment swapped (the same code, without paying for importing torch
    again: about eight seconds a run on a small machine).
    """

    def __init__(self, request, environment=None, separate=False):
        text = request if isinstance(request, str) else json.dumps(request)
        if separate:
            done = subprocess.run(
                [sys.executable, PLUGIN], input=text.encode(), capture_output=True, timeout=600,
                env={**os.environ, **(environment or {})},
            )  # fmt: skip
            self.status, output = done.returncode, done.stdout.decode("utf-8")
            self.stderr = done.stderr.decode("utf-8", "replace")
        else:
            self.status, output = self.run_here(text, environment or {})
            self.stderr = ""
        self.messages, self.garbage = [], []
        for line in output.splitlines():
            try:
                self.messages.append(json.loads(line))
            except ValueError:
                self.garbage.append(line)

    @staticmethod
    def run_here(text, environment):
        """(status, stdout) of the plug-in's main() run in this process."""
        saved = {name: os.environ.get(name) for name in environment}
        os.environ.update(environment)
        stdout = io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout), unittest.mock.patch("sys.stdin", io.StringIO(text)):
                status = plugin.main()
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        return status, stdout.getvalue()

    def of_type(self, kind):
        """The messages of one type."""
        return [message for message in self.messages if message.get("type") == kind]

    def __str__(self):
        return f"status {self.status}; messages {self.messages}; garbage {self.garbage}; stderr {self.stderr[-2000:]}"


class DiffusersPluginTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory(prefix="kinora-diffusers-test-")
        root = cls.folder.name
        cls.svd_model = os.path.join(root, "svd")
        tiny_svd_pipeline().save_pretrained(cls.svd_model)
        cls.wan_model = os.path.join(root, "wan")
        tiny_wan_video_to_video_pipeline().save_pretrained(cls.wan_model)
        cls.still = os.path.join(root, "still.png")
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x90", "-frames:v", "1", cls.still)
        cls.clip = os.path.join(root, "clip.mp4")
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=8", "-t", "2", "-pix_fmt", "yuv420p", cls.clip)

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def svd_parameters(self, **changes):
        """The tiny SVD model at 32x32 and 3 frames (the plug-in then resizes and retimes to the take), so a
        run takes about a second on a CPU."""
        parameters = {
            "model": self.svd_model, "steps": "2", "device": "cpu", "model_width": "32", "model_height": "32",
            "model_frames": "3",
        }  # fmt: skip
        parameters.update(changes)
        return {name: value for name, value in parameters.items() if value is not None}

    def request(self, **changes):
        """A small image-to-video request (64x36, 6 frames at 8 fps) into a fresh folder."""
        work = tempfile.mkdtemp(dir=self.folder.name)
        request = {
            "protocol": 1, "mode": "image-to-video", "prompt": "a red fox runs over the snow", "negative_prompt": "",
            "seed": 7, "source": self.still, "source_in": None, "source_out": None, "width": 64, "height": 36,
            "fps": 8, "fps_fraction": "8", "frames": 6, "duration": 0.75, "strength": 0.6,
            "output": os.path.join(work, "take.mp4"), "preview_dir": work,
            "parameters": self.svd_parameters(),
        }  # fmt: skip
        request.update(changes)
        return request

    def assert_take(self, run, request):
        """A successful run: progress that only goes forward, a preview PNG, then the result, and a video of
        the request's size and length."""
        self.assertEqual(run.status, 0, run)
        self.assertEqual(run.garbage, [], run)
        self.assertEqual(run.messages[-1], {"type": "result", "output": request["output"], "frames": request["frames"]})
        progress = [message["frame"] for message in run.of_type("progress")]
        self.assertGreaterEqual(len(progress), 3, run)
        self.assertEqual(progress, sorted(progress))
        self.assertEqual(progress[-1], request["frames"])
        self.assertTrue(all(message["total"] == request["frames"] for message in run.of_type("progress")))
        previews = run.of_type("preview")
        self.assertEqual(len(previews), 1, run)
        with open(previews[0]["path"], "rb") as preview:
            self.assertEqual(preview.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertEqual(probe(request["output"]), (request["width"], request["height"], request["frames"]))

    def test_image_to_video_with_stable_video_diffusion_in_a_process_of_its_own(self):
        request = self.request()
        run = Run(request, separate=True)
        self.assert_take(run, request)
        self.assertIn("StableVideoDiffusionPipeline", run.of_type("log")[0]["message"])

    def test_one_seed_gives_the_same_take_and_another_seed_another(self):
        first, again, other = self.request(), self.request(), self.request(seed=8)
        for request in (first, again, other):
            self.assertEqual(Run(request).status, 0)
        self.assertEqual(decoded_hash(first["output"]), decoded_hash(again["output"]))
        self.assertNotEqual(decoded_hash(first["output"]), decoded_hash(other["output"]))

    @unittest.skipUnless(importlib.util.find_spec("ftfy"), "Wan pipelines need ftfy, which is not installed")
    def test_video_to_video_with_wan_from_the_environment_variable(self):
        request = self.request(
            mode="video-to-video", source=self.clip, source_in=0.5, source_out=1.5, seed=2**64 - 1,
            parameters={"steps": "4", "device": "cpu"},
        )  # fmt: skip
        run = Run(request, environment={"KINORA_DIFFUSERS_MODEL": self.wan_model})
        self.assert_take(run, request)
        self.assertIn("WanVideoToVideoPipeline", run.of_type("log")[0]["message"])

    def test_refusals_are_error_messages_and_leave_no_video(self):
        cases = [
            (self.request(parameters=self.svd_parameters(sampler="euler")), "unknown parameter sampler"),
            (self.request(parameters=self.svd_parameters(steps="many")), "steps must be a whole number"),
            (self.request(parameters=self.svd_parameters(model=None)), "KINORA_DIFFUSERS_MODEL"),
            (self.request(parameters=self.svd_parameters(model=self.folder.name)), "no model_index.json"),
            (self.request(mode="video-to-video", source=self.clip), "cannot make video-to-video"),
            (self.request(source=None), "needs a source picture"),
            (self.request(mode="slate"), "not slate"),
        ]
        for request, expected in cases:
            with self.subTest(expected=expected):
                run = Run(request, environment={"KINORA_DIFFUSERS_MODEL": ""})
                self.assertEqual(run.status, 1, run)
                self.assertEqual([message["type"] for message in run.messages], ["error"], run)
                self.assertIn(expected, run.messages[0]["message"])
                self.assertFalse(os.path.exists(request["output"]))

    def test_an_unreadable_request_exits_with_status_2(self):
        for text in ("not json", json.dumps(self.request(protocol=2)), json.dumps({"protocol": 1})):
            with self.subTest(text=text[:20]):
                run = Run(text)
                self.assertEqual(run.status, 2, run)
                self.assertEqual(run.of_type("error")[0]["type"], "error")

    def test_the_pipeline_follows_the_folders_family_and_the_shots_mode(self):
        expected = {
            ("WanImageToVideoPipeline", "video-to-video"): "WanVideoToVideoPipeline",
            ("WanPipeline", "image-to-video"): "WanImageToVideoPipeline",
            ("LTXPipeline", "image-to-video"): "LTXImageToVideoPipeline",
            ("LTXConditionPipeline", "video-to-video"): "LTXConditionPipeline",
            ("CogVideoXImageToVideoPipeline", "image-to-video"): "CogVideoXImageToVideoPipeline",
            ("CogVideoXPipeline", "video-to-video"): "CogVideoXVideoToVideoPipeline",
            ("StableVideoDiffusionPipeline", "image-to-video"): "StableVideoDiffusionPipeline",
        }
        for (saved, mode), chosen in expected.items():
            with self.subTest(saved=saved, mode=mode), tempfile.TemporaryDirectory() as folder:
                with open(os.path.join(folder, "model_index.json"), "w") as index:
                    json.dump({"_class_name": saved}, index)
                self.assertEqual(plugin.choose_pipeline(folder, mode)[1], chosen)
                self.assertEqual(plugin.choose_pipeline(folder, mode, "CogVideoXPipeline")[1], "CogVideoXPipeline")

    def test_the_model_runs_at_a_size_and_length_it_supports(self):
        take = {"width": 1920, "height": 1080, "frames": 120}
        self.assertEqual(plugin.model_geometry(take, "wan", {}), (832, 464, 81))
        self.assertEqual(plugin.model_geometry(take, "ltx", {}), (768, 448, 121))
        self.assertEqual(plugin.model_geometry({**take, "frames": 30}, "cogvideox", {}), (720, 400, 33))
        self.assertEqual(plugin.model_geometry(take, "svd", {"model_frames": 14}), (1024, 576, 14))
        self.assertEqual(plugin.model_geometry(take, "wan", {"model_width": 480, "model_height": 320}), (480, 320, 81))


if __name__ == "__main__":
    unittest.main()
