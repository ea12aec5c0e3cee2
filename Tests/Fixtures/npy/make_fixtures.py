"""Makes the .npy fixtures SAEKitTests read, with NumPy itself (run from this folder):

    python3 make_fixtures.py

Good files (SAEKit must read them exactly) and bad ones (SAEKit must reject them with a reason).
The expected values are recomputed in the Swift tests from the same formulas.
"""
import numpy as np

# Good files.
np.save("f8_2d.npy", (np.arange(12, dtype="<f8").reshape(3, 4) / 7.0))                   # version 1.0
np.lib.format.write_array(open("f4_3d_v2.npy", "wb"),
                          np.linspace(-1, 1, 24, dtype="<f4").reshape(2, 3, 4), version=(2, 0))
np.save("i8_labels.npy", np.array([0, 7, 3, -2], dtype="<i8"))
np.save("i4_2d.npy", np.arange(6, dtype="<i4").reshape(2, 3) - 2)
np.save("f8_scalar.npy", np.float64(2.5))
np.save("f8_empty.npy", np.zeros((0, 3), dtype="<f8"))
np.save("f2_1d.npy", np.array([1.0, -2.0, 0.5, 65504.0], dtype="<f2"))

# Bad files.
np.save("fortran.npy", np.asfortranarray(np.arange(6, dtype="<f8").reshape(2, 3)))
np.save("big_endian.npy", np.arange(3, dtype=">f8"))
np.save("complex.npy", np.arange(3, dtype="<c16"))
good = open("f8_2d.npy", "rb").read()
open("truncated.npy", "wb").write(good[:-5])
open("wrong_magic.npy", "wb").write(b"\x93NUMPZ" + good[6:])
header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000), }"
header += " " * (128 - 10 - len(header) - 1) + "\n"
open("huge_shape.npy", "wb").write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + bytes(16))
open("header_past_end.npy", "wb").write(b"\x93NUMPY\x01\x00" + (5000).to_bytes(2, "little") + b"{'descr'")
