"""Class statistics and evidence for instructors and schools (pandas, matplotlib, fpdf2)."""
