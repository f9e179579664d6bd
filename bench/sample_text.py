"""Long Vietnamese articles for the tests and the bench that need length
(comparing revisions): sentences of words common in the portal's news, drawn
with a fixed seed, so a word repeats as often as "của", "các" and "và" do in
real text. Not used by the portal itself."""

import random

VOCABULARY = (
    "Chính phủ Thủ tướng Bộ ngành địa phương của và các những đã được trong năm nay cán bộ "
    "công chức nhân dân phát triển kinh tế xã hội tỉnh thành phố hội nghị triển khai nhiệm vụ "
    "giải pháp thực hiện chỉ đạo kế hoạch báo cáo kết quả tăng trưởng đầu tư công doanh nghiệp "
    "người dân chính sách pháp luật quy định thủ tục hành chính cải cách chuyển đổi số dự án "
    "hạ tầng giao thông nông thôn mới giáo dục y tế bảo hiểm an sinh môi trường biến đổi khí "
    "hậu phòng chống thiên tai lũ lụt hỗ trợ kịp thời hiệu quả tiếp tục đẩy mạnh tăng cường "
    "kiểm tra giám sát đánh giá tổng kết quý tháng tuần ngày với cho về tại từ đến theo"
)
WORDS = VOCABULARY.split()


def paragraphs(words: int, seed: int = 1) -> list[str]:
    """Paragraphs of four sentences (12 to 25 words each), `words` in all at least."""
    rng = random.Random(seed)
    result, total = [], 0
    while total < words:
        sentences = []
        for _ in range(4):
            sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 25)))
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
        result.append(" ".join(sentences))
        total += len(result[-1].split())
    return result


def edited(texts: list[str], *, edits: int, word: str = "sửa") -> list[str]:
    """`texts` with `edits` paragraphs, spread evenly, having their middle word
    replaced by `word`."""
    result = list(texts)
    for index in range(0, len(result), max(1, len(result) // edits)):
        words = result[index].split()
        words[len(words) // 2] = word
        result[index] = " ".join(words)
    return result


def as_body(texts: list[str]) -> str:
    """The paragraphs as the editor stores them."""
    return "".join(f"<p>{text}</p>" for text in texts)
