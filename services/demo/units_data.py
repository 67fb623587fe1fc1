"""The demo province (modelled on Lạng Sơn, DOMAIN.md §10): units before and after the 2025 reform.

District and commune names follow Lạng Sơn's; the grouping of old communes into the 65 communes of
01/07/2025 is plausible, not the text of NQ 1675/NQ-UBTVQH15. Commune codes are GSO-like, not official.

Profiles say how a unit behaves in the 2022–2025 review (services/demo/review.py):
LEADER cuts about half its procedures early; MEETS cuts about 30 %; PARTIAL cuts < 20 % and has a plan
rejected; KEEPER reviews everything and keeps it; LATE reviews half in late 2024 and the rest in 2025;
NONE never reviews.
"""

from __future__ import annotations

from datetime import date

PROVINCE_CODE = "20"
PROVINCE_NAME = "UBND tỉnh Lạng Sơn"
FOUNDED = date(1978, 12, 29)
DEPARTMENTS_FROM = date(2008, 4, 1)

# key, name, kind, profile, publication group (P1 | P2 | LATE)
DEPARTMENTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("VP", "Văn phòng UBND tỉnh", "Văn phòng UBND", "MEETS", "P1"),
    ("SNV", "Sở Nội vụ", "Sở", "LEADER", "P1"),
    ("STC", "Sở Tài chính", "Sở", "MEETS", "P1"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở", "MEETS", "P1"),
    ("STP", "Sở Tư pháp", "Sở", "MEETS", "P1"),
    ("SXD", "Sở Xây dựng", "Sở", "PARTIAL", "P2"),
    ("SGTVT", "Sở Giao thông vận tải", "Sở", "MEETS", "P2"),
    ("SNN", "Sở Nông nghiệp và Phát triển nông thôn", "Sở", "LATE", "P2"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở", "PARTIAL", "P2"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở", "MEETS", "P2"),
    ("STTTT", "Sở Thông tin và Truyền thông", "Sở", "MEETS", "P2"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Sở", "KEEPER", "P2"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở", "MEETS", "P2"),
    ("SYT", "Sở Y tế", "Sở", "KEEPER", "P2"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở", "NONE", "P2"),
    ("SCT", "Sở Công Thương", "Sở", "PARTIAL", "P2"),
    ("BDT", "Ban Dân tộc", "Cơ quan ngang sở", "KEEPER", "P2"),
    ("TTR", "Thanh tra tỉnh", "Cơ quan ngang sở", "KEEPER", "LATE"),
    ("SNGV", "Sở Ngoại vụ", "Sở", "NONE", "LATE"),
)

# Department reform of 01/03/2025: absorbed unit, successor, decision number, successor's new name.
NEW_DEPARTMENT = ("SDTTG", "Sở Dân tộc và Tôn giáo", "Sở", "331/QĐ-UBND")
DEPARTMENT_MERGERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("SKHDT", "STC", "332/QĐ-UBND", None),
    ("SGTVT", "SXD", "333/QĐ-UBND", None),
    ("STNMT", "SNN", "334/QĐ-UBND", "Sở Nông nghiệp và Môi trường"),
    ("STTTT", "SKHCN", "335/QĐ-UBND", None),
    ("SLDTBXH", "SNV", "336/QĐ-UBND", None),
    ("BDT", "SDTTG", "337/QĐ-UBND", None),
)
DEPARTMENT_DECISIONS_ON = date(2025, 2, 27)
DEPARTMENTS_REFORMED = date(2025, 3, 1)

# District GSO code, name, kind, district profile, seat-commune profile, and the communes of 01/07/2025:
# "new commune name=old;old;…" (prefix "tt:" thị trấn, "p:" phường, else xã; "*" marks the district seat).
DISTRICTS: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("178", "Lạng Sơn", "thành phố", "LEADER", "LEADER", (
        "p:Lương Văn Tri=*p:Hoàng Văn Thụ;p:Vĩnh Trại", "p:Tam Thanh=p:Tam Thanh;Hoàng Đồng",
        "p:Đông Kinh=p:Đông Kinh;Mai Pha", "p:Kỳ Lừa=p:Chi Lăng;Quảng Lạc")),
    ("180", "Tràng Định", "huyện", "KEEPER", "MEETS", (
        "Thất Khê=*tt:Thất Khê;Chí Minh;Đề Thám", "Đoàn Kết=Đoàn Kết;Khánh Long;Cao Minh",
        "Tân Tiến=Tân Tiến;Tân Yên;Đội Cấn", "Tràng Định=Kim Đồng;Hùng Sơn;Chi Lăng;Bắc Ái",
        "Quốc Khánh=Quốc Khánh;Tri Phương;Tân Minh", "Kháng Chiến=Kháng Chiến;Trung Thành;Đào Viên",
        "Quốc Việt=Quốc Việt;Hùng Việt;Đại Đồng")),
    ("181", "Bình Gia", "huyện", "PARTIAL", "KEEPER", (
        "Bình Gia=*tt:Bình Gia;Tô Hiệu;Hoàng Văn Thụ", "Tân Văn=Tân Văn;Bình La;Mông Ân",
        "Hồng Phong=Hồng Phong;Minh Khai", "Hoa Thám=Hoa Thám;Hưng Đạo;Quang Trung",
        "Quý Hòa=Quý Hòa;Hồng Thái;Vĩnh Yên", "Thiện Hòa=Thiện Hòa;Yên Lỗ;Hòa Bình",
        "Thiện Thuật=Thiện Thuật;Thiện Long;Tân Hòa")),
    ("182", "Văn Lãng", "huyện", "LATE", "PARTIAL", (
        "Na Sầm=*tt:Na Sầm;Hoàng Việt;Bắc Hùng;Tân Mỹ", "Hoàng Văn Thụ=Hoàng Văn Thụ;Nhạc Kỳ;Thanh Long;Hồng Thái",
        "Thụy Hùng=Thụy Hùng;Trùng Khánh;Gia Miễn", "Văn Lãng=Tân Lang;Tân Tác;Thành Hòa",
        "Hội Hoan=Hội Hoan;Bắc La;An Hùng")),
    ("183", "Cao Lộc", "huyện", "MEETS", "MEETS", (
        "Cao Lộc=*tt:Cao Lộc;Hợp Thành;Gia Cát;Tân Liên", "Đồng Đăng=tt:Đồng Đăng;Bảo Lâm;Phú Xá;Hồng Phong",
        "Ba Sơn=Xuất Lễ;Cao Lâu;Mẫu Sơn;Hải Yến", "Công Sơn=Công Sơn;Hòa Cư;Yên Trạch",
        "Thạch Đạn=Thạch Đạn;Thanh Lòa;Thụy Hùng;Bình Trung", "Xuân Long=Xuân Long;Lộc Yên;Tân Thành")),
    ("184", "Văn Quan", "huyện", "MEETS", "KEEPER", (
        "Văn Quan=*tt:Văn Quan;Bình Phúc;Xuân Mai;Tràng Các", "Điềm He=Điềm He;An Sơn;Đại An",
        "Tri Lễ=Tri Lễ;Hữu Lễ;Lương Năng", "Yên Phúc=Yên Phúc;Hòa Bình;Phú Mỹ;Trấn Ninh",
        "Khánh Khê=Khánh Khê;Tân Đoàn;Đồng Giáp")),
    ("185", "Bắc Sơn", "huyện", "KEEPER", "MEETS", (
        "Bắc Sơn=*tt:Bắc Sơn;Long Đống;Hữu Vĩnh", "Hưng Vũ=Hưng Vũ;Vũ Sơn;Chiến Thắng",
        "Vũ Lăng=Vũ Lăng;Tân Hương;Tân Lập", "Nhất Hòa=Nhất Hòa;Nhất Tiến;Trấn Yên",
        "Vũ Lễ=Vũ Lễ;Bắc Quỳnh;Vạn Thủy", "Tân Tri=Tân Tri;Đồng Ý")),
    ("186", "Hữu Lũng", "huyện", "LEADER", "LEADER", (
        "Hữu Lũng=*tt:Hữu Lũng;Đồng Tân;Hồ Sơn", "Tuấn Sơn=Sơn Hà;Hòa Sơn;Minh Sơn",
        "Tân Thành=Tân Thành;Hòa Lạc;Hòa Thắng", "Vân Nham=Vân Nham;Đồng Tiến;Nhật Tiến",
        "Thiện Tân=Thiện Tân;Đô Lương;Quyết Thắng", "Yên Bình=Yên Bình;Hòa Bình;Minh Hòa",
        "Hữu Liên=Hữu Liên;Yên Thịnh", "Cai Kinh=Cai Kinh;Yên Vượng;Minh Tiến;Thanh Sơn")),
    ("187", "Chi Lăng", "huyện", "MEETS", "PARTIAL", (
        "Chi Lăng=*tt:Đồng Mỏ;Mai Sao;Vân An", "Quan Sơn=Quan Sơn;Hữu Kiên;Bắc Thủy",
        "Bằng Mạc=Bằng Mạc;Bằng Hữu;Thượng Cường", "Vạn Linh=Vạn Linh;Y Tịch;Hòa Bình",
        "Chiến Thắng=Chiến Thắng;Vân Thủy;Liên Sơn;Lâm Sơn", "Nhân Lý=Nhân Lý;tt:Chi Lăng;Chi Lăng;Gia Lộc")),
    ("188", "Lộc Bình", "huyện", "MEETS", "LATE", (
        "Lộc Bình=*tt:Lộc Bình;Khánh Xuân;Đồng Bục", "Mẫu Sơn=Mẫu Sơn;Yên Khoái;Tú Mịch",
        "Na Dương=tt:Na Dương;Đông Quan;Sàn Viên", "Lợi Bác=Lợi Bác;Nam Quan;Hữu Lân",
        "Thống Nhất=Thống Nhất;Minh Hiệp;Hữu Khánh", "Xuân Dương=Xuân Dương;Ái Quốc;Tú Đoạn",
        "Khuất Xá=Khuất Xá;Tĩnh Bắc;Lục Thôn")),
    ("189", "Đình Lập", "huyện", "LATE", "NONE", (
        "Đình Lập=*tt:Đình Lập;Đình Lập;Bắc Lãng;Đồng Thắng", "Thái Bình=tt:Nông trường Thái Bình;Thái Bình;Lâm Ca",
        "Châu Sơn=Châu Sơn;Bắc Xa;Bính Xá", "Kiên Mộc=Kiên Mộc;Cường Lợi")),
)
FIRST_COMMUNE_CODE = 5977  # old communes: 05977, 05980, … in the order above (GSO-like, step 3)
FIRST_NEW_COMMUNE_CODE = 6601  # communes of 01/07/2025
LATE_LISTING_COMMUNES = ("189",)  # the seat commune of Đình Lập lists late (published after 01/04/2023)

COMMUNE_KINDS = {"tt": ("thị trấn", "UBND thị trấn"), "p": ("phường", "UBND phường"), "": ("xã", "UBND xã")}

# Officers' display names, handed out in order (accounts of the admin, controllers and auditor come first).
PEOPLE: tuple[str, ...] = (
    "Hoàng Minh Tuấn", "Nguyễn Thị Thu Hương", "Lê Văn Đức", "Phạm Thị Mai", "Lương Thị Hạnh", "Vi Văn Thắng",
    "Nông Thị Lan", "Hà Quốc Cường", "Triệu Thị Nga", "Lăng Văn Dũng", "Chu Thị Thảo", "Đinh Văn Bình",
    "Hoàng Thị Yến", "Trần Quốc Khánh", "Lộc Thị Phương", "Mã Văn Long", "Vy Thị Huyền", "Đàm Văn Hùng",
    "Nguyễn Thị Hồng Nhung", "Lương Văn Toàn", "Hứa Thị Diệp", "Bế Văn Quân", "Nông Văn Sơn", "Lý Thị Hoa",
    "Phùng Văn Kiên", "Dương Thị Thúy", "Hoàng Văn Chiến", "La Thị Nguyệt", "Vũ Đức Anh", "Triệu Văn Phúc",
    "Nguyễn Văn Hải", "Lâm Thị Quyên", "Tô Văn Hòa", "Hà Thị Liên", "Lê Thị Bích", "Vi Thị Hằng",
    "Đặng Văn Trường", "Nông Thị Ánh", "Hoàng Văn Lực", "Chu Văn Minh", "Lăng Thị Tuyết", "Phạm Văn Thịnh",
    "Bùi Thị Vân", "Lương Đức Thành", "Mông Thị Hiền", "Ngô Văn Tài", "Trần Thị Oanh", "Vi Văn Nam",
)
