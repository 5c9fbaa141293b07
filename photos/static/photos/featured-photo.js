// The featured-photo box of the post form: upload a photo (by its button or by dropping it on
// the box), choose one from the library, replace or remove it. The form sends only the photo's
// number, kept in the hidden field id_featured_photo; this script keeps the thumbnail in step.
import { openPhotoDialog, photoFiles } from "./photo-dialog.js";

function enhance(box) {
  const input = box.querySelector("input[type=hidden]");
  const current = box.querySelector(".featured-photo__current");
  const upload = box.querySelector(".featured-photo__upload");
  const choose = box.querySelector(".featured-photo__choose");
  const remove = box.querySelector(".featured-photo__remove");
  const fileInput = box.querySelector(".featured-photo__file");
  const status = box.querySelector(".featured-photo__status");
  const options = {
    uploadUrl: box.dataset.uploadUrl,
    chooserUrl: box.dataset.chooserUrl,
    maxMegabytes: box.dataset.maxMegabytes,
    insertText: "Upload and use",
  };

  function show(photo) {
    input.value = photo ? String(photo.id) : "";
    // Tell whoever watches the form (unsaved-changes warnings, autosave) that it changed.
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    if (photo) {
      const image = document.createElement("img");
      image.className = "featured-photo__thumbnail";
      image.src = photo.thumbnail_url;
      image.width = photo.thumbnail_width;
      image.height = photo.thumbnail_height;
      image.alt = photo.alt_text;
      const title = document.createElement("p");
      title.className = "featured-photo__title";
      title.textContent = photo.title;
      current.replaceChildren(image, title);
      status.textContent = `Featured photo: ${photo.title}.`;
    } else {
      const empty = document.createElement("p");
      empty.className = "featured-photo__empty";
      empty.textContent = "No featured photo. Drop a photo here, upload one or choose one from the library.";
      current.replaceChildren(empty);
      status.textContent = "The featured photo was removed.";
    }
    upload.textContent = photo ? "Replace" : "Upload a photo";
    remove.hidden = !photo;
  }

  async function ask(extra) {
    const photo = await openPhotoDialog({ ...options, ...extra });
    if (photo) show(photo);
  }

  upload.addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", () => {
    const [file] = fileInput.files;
    fileInput.value = "";
    if (file) ask({ file, library: false, title: "Describe the featured photo" });
  });
  choose.addEventListener("click", () => ask({ title: "Choose the featured photo", focus: "library" }));
  remove.addEventListener("click", () => {
    show(null);
    upload.focus();
  });
  box.addEventListener("dragover", (event) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    box.classList.add("featured-photo--over");
  });
  box.addEventListener("dragleave", () => box.classList.remove("featured-photo--over"));
  box.addEventListener("drop", (event) => {
    box.classList.remove("featured-photo--over");
    const [file] = photoFiles(event.dataTransfer.files);
    if (!file) return;
    event.preventDefault();
    ask({ file, library: false, title: "Describe the featured photo" });
  });
}

for (const box of document.querySelectorAll(".featured-photo")) {
  enhance(box);
}
