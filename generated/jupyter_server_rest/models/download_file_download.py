from typing import Literal

DownloadFileDownload = Literal[1]

DOWNLOAD_FILE_DOWNLOAD_VALUES: set[DownloadFileDownload] = {
    1,
}


def check_download_file_download(value: int) -> DownloadFileDownload:
    if value in DOWNLOAD_FILE_DOWNLOAD_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DOWNLOAD_FILE_DOWNLOAD_VALUES!r}"
    )
