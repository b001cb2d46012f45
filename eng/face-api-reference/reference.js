/*
  Page side of eng/face-api-reference (see Program.cs for the why and how).

  runReference(json) takes {"modelUri", "photos": [{"sample", "url", "width", "height", "boxes": [{"index","x","y","w","h"}]}]},
  runs face-api's own pipeline on each box with the box as the face detection, and returns a JSON string with the
  versions, the backend and one record per box (carrying the box's index, so the caller can keep its order).

  The steps are those of face-api's composable tasks, with only the detector replaced by our box:
    DetectAllFaceLandmarksTask.run            (src/globalApi/DetectFaceLandmarksTasks.ts)
    ComputeAllFaceDescriptorsTask.run         (src/globalApi/ComputeFaceDescriptorsTasks.ts)
    PredictAllAgeAndGenderTask.run            (src/globalApi/PredictAgeAndGenderTask.ts, the WithFaceAlignment variant)
      via extractAllFacesAndComputeResults    (src/globalApi/extractFacesAndComputeResults.ts)
  Each step slices the image with faceapi.extractFaceTensors, as the tasks do for tensor input.
*/
/* global faceapi */
'use strict';

(() => {
  const { tf } = faceapi;

  const asBox = (b) => [b.x, b.y, b.width, b.height];

  // The box extractFaceTensors slices for a detection or a rect, computed with face-api's own code
  // (src/dom/extractFaceTensors.ts): forSize for a FaceDetection, then clipAtImageBorders (which floors).
  const sliceBoxOf = (det, width, height) => (det instanceof faceapi.FaceDetection ? det.forSize(width, height).box : det)
    .clipAtImageBorders(width, height);

  // extractFaceTensors for one detection, checked against a plain slice at the box computed above, so that the slice
  // recorded in the fixture is the one the networks saw.
  const extractOne = async (img, det, width, height, step) => {
    const faces = await faceapi.extractFaceTensors(img, [det]);
    if (faces.length !== 1) {
      faces.forEach((f) => f.dispose());
      throw new Error(`${step}: extractFaceTensors returned ${faces.length} tensors (empty box after clipping?)`);
    }
    const [face] = faces;
    const box = sliceBoxOf(det, width, height);
    const same = tf.tidy(() => {
      if (face.shape[0] !== box.height || face.shape[1] !== box.width || face.shape[2] !== 3) return false;
      const expected = tf.slice3d(img, [box.y, box.x, 0], [box.height, box.width, 3]);
      return tf.all(tf.equal(face, expected)).dataSync()[0] === 1;
    });
    if (!same) {
      face.dispose();
      throw new Error(`${step}: the extracted tensor ${JSON.stringify(face.shape)} is not the slice at ${JSON.stringify(asBox(box))}`);
    }
    return { face, slice: asBox(box) };
  };

  const runFace = async (img, width, height, b) => {
    const nets = faceapi.nets;

    // Our box as the detection, as a detector's result would be: relative box and image dimensions, score 1.
    const detection = new faceapi.FaceDetection(1.0, new faceapi.Rect(b.x / width, b.y / height, b.w / width, b.h / height), { width, height });
    // The landmark net gets the slice at our box in pixels. Sliced through the relative detection, x / w * w can come
    // out as 379.99999 and be floored to 379: face-api's own detectors hand it such boxes, ours hand pixel boxes.
    // (The shift by detection.box in extendWithFaceLandmarks differs from the pixel box by under 1e-9 px.)
    const pixelBox = new faceapi.Rect(b.x, b.y, b.w, b.h);

    // DetectAllFaceLandmarksTask.run
    const lm = await extractOne(img, pixelBox, width, height, 'landmarks');
    let unshifted;
    try {
      unshifted = await nets.faceLandmark68Net.detectLandmarks(lm.face);
    } finally {
      lm.face.dispose();
    }
    const withLm = faceapi.extendWithFaceLandmarks({ detection }, unshifted);
    if (!faceapi.isWithFaceLandmarks(withLm)) throw new Error('extendWithFaceLandmarks gave no landmarks result');

    // ComputeAllFaceDescriptorsTask.run: getRectForAlignment = landmarks.align(null, { useDlibAlignment: true })
    const descriptorBox = withLm.landmarks.align(null, { useDlibAlignment: true });
    const desc = await extractOne(img, descriptorBox, width, height, 'descriptor');
    let descriptor;
    try {
      descriptor = await nets.faceRecognitionNet.computeFaceDescriptor(desc.face);
    } finally {
      desc.face.dispose();
    }

    // PredictAllAgeAndGenderWithFaceAlignmentTask.run: the default getRectForAlignment, alignedRect
    const ageGenderRect = withLm.alignedRect;
    const ag = await extractOne(img, ageGenderRect, width, height, 'age/gender');
    let prediction;
    try {
      prediction = await nets.ageGenderNet.predictAgeAndGender(ag.face);
    } finally {
      ag.face.dispose();
    }

    return {
      landmarkSlice: lm.slice,
      landmarks: withLm.landmarks.positions.map((p) => [p.x, p.y]),
      descriptorBox: asBox(descriptorBox),
      descriptorSlice: desc.slice,
      ageGenderBox: asBox(ageGenderRect.box),
      ageGenderSlice: ag.slice,
      descriptor: Array.from(descriptor),
      age: prediction.age,
      gender: prediction.gender,
      genderProbability: prediction.genderProbability,
      detectionBox: asBox(detection.box),
    };
  };

  window.runReference = async (json) => {
    const request = JSON.parse(json);
    // Float32 CPU kernels: deterministic, and what the TorchSharp port is compared with. No WebGL.
    if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") failed');
    await tf.ready();
    if (tf.getBackend() !== 'cpu') throw new Error(`backend is ${tf.getBackend()}, not cpu`);

    await faceapi.nets.faceLandmark68Net.loadFromUri(request.modelUri);
    await faceapi.nets.ageGenderNet.loadFromUri(request.modelUri);
    await faceapi.nets.faceRecognitionNet.loadFromUri(request.modelUri);
    const tensorsBefore = tf.memory().numTensors;

    const faces = [];
    for (const photo of request.photos) {
      const { width, height } = photo;
      const response = await fetch(photo.url);
      if (!response.ok) throw new Error(`${photo.url}: HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length !== width * height * 3) throw new Error(`${photo.url}: ${bytes.length} bytes, expected ${width}x${height}x3`);
      const img = tf.tensor3d(new Int32Array(bytes), [height, width, 3], 'int32');
      try {
        for (const b of photo.boxes) {
          const face = await runFace(img, width, height, b);
          faces.push({ index: b.index, sample: photo.sample, box: [b.x, b.y, b.w, b.h], ...face });
        }
      } finally {
        img.dispose();
      }
    }

    return JSON.stringify({
      faceApi: faceapi.version,
      tfjs: tf.version_core,
      backend: tf.getBackend(),
      tensorsBefore,
      tensorsAfter: tf.memory().numTensors,
      faces,
    });
  };
})();
